"""Twelve short task statements over four occupations (engine and loading work, data and report
work), for fitting the task model's parts quickly in unit tests."""

TOY_TEXTS = [
    "Tune engines and replace spark plugs",
    "Lift boxes and load trucks",
    "Repair engines in the shop",
    "Analyze data and write reports",
    "Write reports on model results",
    "Tune parameters of statistical models",
] * 2
#: each text's O*NET-SOC code (made-up detailed codes, two per kind of work)
TOY_CODES = ["47-1000.00"] * 3 + ["15-2000.00"] * 3 + ["47-1000.01"] * 3 + ["15-2000.01"] * 3
