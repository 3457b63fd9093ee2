"""Geoparsing helpers behind ``spoor.stages.geo``.

``normalize`` turns names into index keys, ``build`` writes the offline
gazetteer index, ``gazetteer`` looks names up, ``detect`` proposes spans,
``resolve`` picks a place for each and ``parser`` ties them together.
"""
