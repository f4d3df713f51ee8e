"""Legal normative documents and Bộ pháp điển: models, importers, search."""
