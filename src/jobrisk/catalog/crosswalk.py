"""Carry occupation-level measures published in SOC 2010 codes over to O*NET-SOC 2019 codes.

SOC 2010 -> SOC 2018 through the BLS crosswalk, then SOC 2018 -> every O*NET-SOC
code with that 6-digit prefix. Each resulting row says how it was mapped
(``mapping_status``):

- ``one-to-one``: the 2010 code maps to exactly one 2018 code, which has no other 2010 source;
- ``split``: one 2010 code -> several 2018 codes; the value is copied to each;
- ``merged``: several 2010 codes -> one 2018 code; the values present are averaged;
- ``aggregate``: the source used an aggregate code (e.g. Frey & Osborne's ``29-1060``
  Physicians and surgeons); it is mapped by :data:`AGGREGATE_SOC2010` to detailed
  SOC 2010 codes and used only for 2018 codes no detailed source row reaches.
"""

from __future__ import annotations

import pandas as pd

#: Aggregate (or superseded) codes used by published tables -> detailed SOC 2010 codes.
#: A code ending in ``*`` stands for every SOC 2010 code starting with the part before it.
AGGREGATE_SOC2010: dict[str, tuple[str, ...]] = {
    "29-1060": ("29-106*",),  # Physicians and surgeons
    "29-1111": ("29-1141",),  # Registered nurses (SOC 2000 code)
    "25-1000": ("25-1*",),  # Postsecondary teachers
    "25-3999": ("25-3099",),  # Teachers and instructors, all other
    "29-9799": ("29-9099",),  # Healthcare practitioners, all other
    "39-4831": ("11-9061", "39-4031"),  # Funeral service managers, directors, morticians
    "15-1179": ("15-1122", "15-1134", "15-1143"),  # Info. security analysts, web developers, network architects
    "15-1799": ("15-1199",),  # Computer occupations, all other
    "29-2037": ("29-2034",),  # Radiologic technologists and technicians
    "13-1078": ("13-1071", "13-1075"),  # HR, training and labour relations specialists, all other
    "29-2799": ("29-2099",),  # Health technologists and technicians, all other
    "49-9799": ("49-9099",),  # Installation, maintenance and repair workers, all other
    "31-9799": ("31-9099",),  # Healthcare support workers, all other
    "15-1150": ("15-1151", "15-1152"),  # Computer support specialists
    "47-4799": ("47-4099",),  # Construction and related workers, all other
    "45-2090": ("45-2091", "45-2092", "45-2093", "45-2099"),  # Miscellaneous agricultural workers
    "51-9399": ("51-9199",),  # Production workers, all other
    "19-1020": ("19-1029",),  # Biologists (AIOE; O*NET 19-1029.04)
}

STATUSES = ("direct", "one-to-one", "split", "merged", "aggregate")


class Crosswalk:
    """SOC 2010 -> SOC 2018 pairs plus the O*NET-SOC codes of each SOC 2018 code.

    ``pairs`` has columns soc2010_code, soc2018_code; ``onet_codes`` onet_soc_code, soc_code.
    """

    def __init__(self, pairs: pd.DataFrame, onet_codes: pd.DataFrame):
        self.onet_codes = onet_codes[["onet_soc_code", "soc_code"]]
        self._targets: dict[str, list[str]] = {}
        sources: dict[str, set[str]] = {}
        for soc2010, soc2018 in zip(pairs["soc2010_code"].tolist(), pairs["soc2018_code"].tolist()):
            if soc2018 not in self._targets.setdefault(soc2010, []):
                self._targets[soc2010].append(soc2018)
            sources.setdefault(soc2018, set()).add(soc2010)
        self._fan_in = {code: len(found) for code, found in sources.items()}

    def _expand(self, code: str) -> tuple[list[str], bool]:
        """Detailed SOC 2010 codes a source code stands for, and whether it was an aggregate."""
        if code in self._targets:
            return [code], False
        detailed: list[str] = []
        for pattern in AGGREGATE_SOC2010.get(code, ()):
            if pattern.endswith("*"):
                detailed += sorted(c for c in self._targets if c.startswith(pattern[:-1]) and c != code)
            elif pattern in self._targets:
                detailed.append(pattern)
        return detailed, True

    def _status(self, soc2010: str, soc2018: str) -> str:
        if self._fan_in.get(soc2018, 0) > 1:
            return "merged"
        if len(self._targets[soc2010]) > 1:
            return "split"
        return "one-to-one"

    def to_soc2018(self, codes: pd.Series, values: pd.Series) -> pd.DataFrame:
        """soc_code (2018), value, source_code, mapping_status for a measure given in SOC 2010 codes.

        Source codes that reach no SOC 2018 code are dropped (see :meth:`unmapped`).
        Where detailed source rows reach a 2018 code, aggregate rows are not used for it.
        """
        detailed: dict[str, list[tuple[str, float, str]]] = {}
        aggregate: dict[str, list[tuple[str, float, str]]] = {}
        for code, value in zip(codes.tolist(), values.tolist()):
            if value is None or pd.isna(value):
                continue
            expanded, is_aggregate = self._expand(code)
            for soc2010 in expanded:
                for soc2018 in self._targets[soc2010]:
                    if is_aggregate:
                        aggregate.setdefault(soc2018, []).append((code, float(value), "aggregate"))
                    else:
                        detailed.setdefault(soc2018, []).append((code, float(value), self._status(soc2010, soc2018)))
        out = []
        for soc2018 in sorted(set(detailed) | set(aggregate)):
            found = detailed.get(soc2018) or aggregate[soc2018]
            by_source = {source: value for source, value, _ in found}
            statuses = {status for _, _, status in found}
            if "aggregate" in statuses:
                status = "aggregate"
            elif len(by_source) > 1 or "merged" in statuses:
                status = "merged"
            else:
                status = found[0][2]
            mean = sum(by_source.values()) / len(by_source)
            out.append((soc2018, mean, ",".join(sorted(by_source)), status))
        return pd.DataFrame(out, columns=["soc_code", "value", "source_code", "mapping_status"])

    def unmapped(self, codes: pd.Series) -> list[str]:
        """Source codes that reach no SOC 2018 code."""
        return sorted(c for c in codes.tolist() if not self._expand(c)[0])

    def to_onet(self, by_soc2018: pd.DataFrame) -> pd.DataFrame:
        """Rows of :meth:`to_soc2018` copied to every O*NET-SOC code sharing the 6-digit SOC code."""
        return self.onet_codes.merge(by_soc2018, on="soc_code", how="inner")


def percentile_0_100(values: pd.Series) -> pd.Series:
    """Percentile rank (0 = lowest, 100 = highest; ties share their mean rank) among the values given."""
    if len(values) <= 1:
        return pd.Series(50.0, index=values.index)
    ranks = values.rank(method="average")
    return (ranks - 1) / (len(values) - 1) * 100.0
