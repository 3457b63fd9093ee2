"""Geoparsing helpers behind ``spoor.stages.geo``.

``normalize`` turns names into index keys, ``build`` writes the offline
gazetteer index, ``gazetteer`` looks names up, ``detect`` proposes spans,
``demonyms`` reads "Russian officials" as Russia (toponyms mode),
``resolve`` picks a place for each and ``parser`` ties them together.
"""
