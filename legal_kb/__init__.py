"""The knowledge base: procedures (TTHC), legal documents and pháp điển, agencies; importers and search."""
