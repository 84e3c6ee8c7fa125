"""The rules of each kind of level, pure: frozen states and the moves that replace them,
the kind's `KindRules` (optimum, keys that move nothing, what keeps a target out of reach),
and the rules the kinds share (`scoring`, `linear`, `attempt`). No user interface here.
"""
