"""Speech: offline Vietnamese ASR (faster-whisper), audio decoding with limits, and the voice gateway."""
