"""Models: the task exposure model and the job title coder.
May import: ``jobrisk.catalog``, ``jobrisk.errors``, ``jobrisk.settings``.
"""
