"""Scoring: pure functions from rows and parameters to scores and their explanation. No I/O.

May import: ``jobrisk.catalog.types``, ``jobrisk.errors``.

- ``params``               every weighting choice (:class:`ScoringParams`) and ``METHOD_VERSION``
- ``task_weights``         task time shares (task type x work-activity importance)
- ``task_exposure``        per-task exposure from labels, activity pool and model, with provenance
- ``capability_exposure``  component 1: time-weighted exposure, three scenarios
- ``automation_share``     component 2: automation vs augmentation of the exposed work
- ``human_advantage``      component 3: complementarity from O*NET descriptors
- ``labour_market_outlook`` component 4: BLS projected change and openings
- ``risk``                 the 0-100 formula, bands, uncertainty range
- ``sensitivity``          the variants behind each range and the validation report
- ``occupation`` / ``occupation_score``  assembling an :class:`OccupationScore`
"""
