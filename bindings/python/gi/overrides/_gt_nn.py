"""The nn part of gtensor's torch-style Python surface.

Gt.py calls _install(gt) at the end of its own set-up, passing itself (the
override module): whatever this module adds to gt becomes Gt.<name>.
"""


def _install(gt):
    pass
