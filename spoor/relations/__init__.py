"""Helpers of the relations stage (see spoor/stages/relations.py).

``lexicon`` loads the YAML trigger lists, ``sentence`` maps mentions onto the
parse, ``frames`` and ``templates`` find candidate facts, ``modality`` decides
hedging, attribution and negation, ``quantities`` reads counts. ``allegiance``
reads pledges from the receiving side, ``joint`` ties read from acts (joint
operations, repeated attacks), ``recruiting`` recruiting grounds.
"""
