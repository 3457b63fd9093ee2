"""Ways to run the ingest pipeline beyond one local process.

``spoor.pipeline`` is the local engine (the default). ``ray_data`` runs the
same stages as a Ray Data job over a cluster; ``codec`` turns extractions
into plain JSON so they can cross process boundaries and sit in Parquet
shards that ``spoor load`` imports.
"""
