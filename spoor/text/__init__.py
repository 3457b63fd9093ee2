"""Text handling the clean stage builds on: decoding, markup extraction, limits."""
