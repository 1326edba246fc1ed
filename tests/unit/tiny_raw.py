"""A tiny raw data folder (every file the catalog build reads, a few real-looking rows each).

Used by the build tests; ``write_tiny_raw(root)`` writes ``root/<folder>/<file>``.
Two occupations with tasks (15-2051.00 Data Scientists, 41-9041.00 Telemarketers)
and one without (15-1299.00, whose BLS wages are those of the aggregate 15-1290);
Data Scientists map from SOC 2010 15-2099 (split),
Telemarketers one-to-one.
"""

from __future__ import annotations

import gzip
from pathlib import Path

from openpyxl import Workbook

# Rows of test data keep their compact layout.
# fmt: off

C = "O*NET-SOC Code"
RATING_HEADER = [C, "Title", "Element ID", "Element Name", "Scale ID", "Scale Name", "Data Value",
                 "N", "Standard Error", "Lower CI Bound", "Upper CI Bound", "Recommend Suppress",
                 "Not Relevant", "Date", "Domain Source"]


def _tsv(header: list[str], rows: list[list[str]]) -> str:
    return "\n".join("\t".join(r) for r in [header, *rows]) + "\n"


def _rating(code: str, element: str, name: str, im: str, lv: str | None, not_relevant: str = "N"):
    rows = [[code, "T", element, name, "IM", "Importance", im, "", "", "", "", "N", "", "08/2023", "Analyst"]]
    if lv is not None:
        rows.append([code, "T", element, name, "LV", "Level", lv, "", "", "", "", "N", not_relevant,
                     "08/2023", "Analyst"])
    return rows


def onet_files() -> dict[str, str]:
    occupations = [["15-2051.00", "Data Scientists", "Develop and implement methods to analyze data."],
                   ["41-9041.00", "Telemarketers", "Solicit donations or orders by telephone."],
                   ["15-1299.00", "Computer Occupations, All Other", "All computer occupations not listed separately."]]
    tasks = [
        ["15-2051.00", "Data Scientists", "23000", '"Analyze ""big data"" sets, using statistics."', "Core", "30.0", "08/2023", "Incumbent"],
        ["15-2051.00", "Data Scientists", "23001", "Write reports on findings.", "Supplemental", "30.0", "08/2023", "Incumbent"],
        ["41-9041.00", "Telemarketers", "12000", "Contact customers by telephone.", "", "", "07/2010", "Analyst"],
    ]
    ratings = {
        "Skills.txt.gz": _rating("15-2051.00", "2.A.1.a", "Reading Comprehension", "4.1", "4.5")
        + _rating("41-9041.00", "2.A.1.a", "Reading Comprehension", "3.0", "2.9"),
        "Knowledge.txt.gz": _rating("15-2051.00", "2.C.4.a", "Mathematics", "4.6", "5.2"),
        "Abilities.txt.gz": _rating("15-2051.00", "1.A.1.a.1", "Oral Comprehension", "4.0", "4.1"),
        "Work Activities.txt.gz": _rating("41-9041.00", "4.A.1.a.1", "Getting Information", "3.5", "0", "Y"),
    }
    files = {
        "Read Me.txt": "O*NET 29.3 Database\nMay 2025 Release\n",
        "Occupation Data.txt": _tsv([C, "Title", "Description"], occupations),
        "Task Statements.txt": _tsv([C, "Title", "Task ID", "Task", "Task Type", "Incumbents Responding",
                                     "Date", "Domain Source"], tasks),
        "Alternate Titles.txt": _tsv([C, "Title", "Alternate Title", "Short Title", "Source(s)"], [
            ["15-2051.00", "Data Scientists", "Machine Learning Scientist", "ML Scientist", "08"],
            ["41-9041.00", "Telemarketers", "Telesales Representative", "", "04,06"]]),
        "Sample of Reported Titles.txt": _tsv([C, "Title", "Reported Job Title", "Shown in My Next Move"], [
            ["15-2051.00", "Data Scientists", "Data Scientist", "Y"]]),
        "Job Zones.txt": _tsv([C, "Title", "Job Zone", "Date", "Domain Source"], [
            ["15-2051.00", "Data Scientists", "4", "08/2023", "Analyst"],
            ["41-9041.00", "Telemarketers", "2", "08/2023", "Analyst"]]),
        "Content Model Reference.txt": _tsv(["Element ID", "Element Name", "Description"], [
            ["2.A.1.a", "Reading Comprehension", "Understanding written sentences."],
            ["1.C.1.a", "Achievement/Effort", '"Job requires ""effort""."']]),
        "IWA Reference.txt": _tsv(["Element ID", "Element Name", "IWA ID", "IWA Title"], [
            ["4.A.2.a.4", "Analyzing Data or Information", "4.A.2.a.4.I09", "Analyze data."]]),
        "DWA Reference.txt": _tsv(["Element ID", "Element Name", "IWA ID", "IWA Title", "DWA ID", "DWA Title"], [
            ["4.A.2.a.4", "Analyzing Data or Information", "4.A.2.a.4.I09", "Analyze data.",
             "4.A.2.a.4.I09.D01", "Analyze business data."]]),
        "Technology Skills.txt": _tsv([C, "Title", "Example", "Commodity Code", "Commodity Title",
                                       "Hot Technology", "In Demand"], [
            ["15-2051.00", "Data Scientists", "Python", "43232405", "Object software", "Y", "Y"]]),
        "Tools Used.txt": _tsv([C, "Title", "Example", "Commodity Code", "Commodity Title"], [
            ["41-9041.00", "Telemarketers", "Headsets", "43191609", "Headsets"]]),
        "Related Occupations.txt": _tsv([C, "Title", "Related O*NET-SOC Code", "Related Title",
                                         "Relatedness Tier", "Index"], [
            ["15-2051.00", "Data Scientists", "15-2041.00", "Statisticians", "Primary-Short", "1"],
            ["15-2051.00", "Data Scientists", "41-9041.00", "Telemarketers", "Supplemental", "2"]]),
        "Work Styles.txt": _tsv(RATING_HEADER[:12] + ["Date", "Domain Source"], [
            ["15-2051.00", "T", "1.C.1.a", "Achievement/Effort", "IM", "Importance", "4.2", "", "", "", "",
             "N", "08/2023", "Incumbent"]]),
        "Work Context (CX CT means).txt.gz": _tsv([C, "Title", "Element ID", "Element Name", "Scale ID",
                                                   "Scale Name", "Data Value"], [
            ["41-9041.00", "Telemarketers", "4.C.1.a.2.c", "Public Speaking", "CX", "Context", "2.1"],
            ["41-9041.00", "Telemarketers", "4.C.3.d.8", "Duration of Typical Work Week", "CT", "Context", "2.0"]]),
        "Tasks to DWAs.txt.gz": _tsv([C, "Title", "Task ID", "Task", "DWA ID", "DWA Title", "Date",
                                      "Domain Source"], [
            ["15-2051.00", "Data Scientists", "23000", 'Analyze "big data" sets, using statistics.',
             "4.A.2.a.4.I09.D01", "Analyze business data.", "08/2023", "Analyst"]]),
    }
    for name, rows in ratings.items():
        files[name] = _tsv(RATING_HEADER, rows)
    return files


def other_files() -> dict[str, dict[str, str]]:
    labels_header = "\tO*NET-SOC Code\tTask ID\tTask\tTask Type\tTitle\thuman_exposure_agg\tgpt4_exposure\t" \
                    "gpt4_exposure_alt_rubric\tgpt_3_relevant\tgpt4_automation\talpha\tbeta\tgamma\tautomation\thuman_labels"
    labels = "\n".join([
        labels_header,
        '0\t15-2051.00\t23000.0\t"Analyze ""big data"" sets, using statistics."\tCore\tData Scientists\tE1\tE1\tE2\tTrue\tT3\t1.0\t1.0\t1.0\t0.75\tE1',
        "1\t41-9041.00\t12000.0\tContact customers by telephone.\t\tTelemarketers\tE2\tE1\tE1\tFalse\tT2\t1.0\t1.0\t1.0\t0.5\tE2",
        "2\t41-9041.00\t99999.0\tA retired task.\tCore\tTelemarketers\tE0\tE0\tE0\tFalse\tT1\t0.0\t0.0\t0.0\t0.25\tE0",
    ]) + "\n"
    automation = "\n".join([
        "gpt4_automation\tO*NET-SOC Code\tTask ID\tTask\tTask Type\tTitle\thuman_automation",
        'T2\t15-2051.00\t23000\t"Analyze ""big data"" sets, using statistics."\tCore\tData Scientists\tT3',
        "T1\t41-9041.00\t12000\tContact customers by telephone.\t\tTelemarketers\t",
        "T1\t41-9041.00\t99999\tA retired task.\tCore\tTelemarketers\t",
    ]) + "\n"
    occ_level = ("O*NET-SOC Code,Title,dv_rating_alpha,dv_rating_beta,dv_rating_gamma,human_rating_alpha,"
                 "human_rating_beta,human_rating_gamma\n"
                 "15-2051.00,Data Scientists,0.5,0.75,1.0,0.5,0.6,0.7\n"
                 "41-9041.00,Telemarketers,0.6,0.8,1.0,0.2,0.5,0.8\n")
    oews_header = ("OCC_CODE,OCC_TITLE,O_GROUP,TOT_EMP,EMP_PRSE,H_MEAN,A_MEAN,MEAN_PRSE,H_PCT10,H_PCT25,"
                   "H_MEDIAN,H_PCT75,H_PCT90,A_PCT10,A_PCT25,A_MEDIAN,A_PCT75,A_PCT90,H_MEAN_FOOTNOTE,"
                   "A_MEAN_FOOTNOTE,H_PCT10_FOOTNOTE,H_PCT25_FOOTNOTE,H_MEDIAN_FOOTNOTE,H_PCT75_FOOTNOTE,"
                   "H_PCT90_FOOTNOTE,A_PCT10_FOOTNOTE,A_PCT25_FOOTNOTE,A_MEDIAN_FOOTNOTE,A_PCT75_FOOTNOTE,"
                   "A_PCT90_FOOTNOTE")
    oews = "\n".join([
        oews_header,
        "15-0000,Computer and Mathematical Occupations,major,5000000,0.3,55.0,115000,0.2,25,35,50,70,90,52000,72000,105000,140000,180000,,,,,,,,,,,,",
        "41-0000,Sales and Related Occupations,major,13000000,0.2,25.0,52000,0.2,12,14,17,28,45,25000,29000,36000,58000,94000,,,,,,,,,,,,",
        "15-2051,Data Scientists,detailed,262440,1.2,60.96,126800,0.5,32.33,42.15,57.8,77.43,95.74,67240,87660,120230,161050,199130,,,,,,,,,,,,",
        "41-9041,Telemarketers,detailed,80000,2.0,-,36000,0.5,-,-,-,-,-,28000,30000,34000,39000,45000,4,,4,4,4,4,4,,,,,",
        "15-1290,Miscellaneous Computer Occupations,broad,500000,1.0,50.0,104000,0.5,25,35,48,65,80,52000,72000,99000,135000,166000,,,,,,,,,,,,",
    ]) + "\n"
    ep_header = ('2024 National Employment Matrix title,2024 National Employment Matrix code,Occupation type,'
                 '"Employment, 2024","Employment, 2034","Employment distribution, percent, 2024",'
                 '"Employment distribution, percent, 2034","Employment change, numeric, 2024-34",'
                 '"Employment change, percent, 2024-34","Percent self employed, 2024",'
                 '"Occupational openings, 2024-34 annual average","Median annual wage, dollars, 2024[1]",'
                 'Typical education needed for entry,Work experience in a related occupation,'
                 'Typical on-the-job training needed to attain competency in the occupation,'
                 'Related Occupational Outlook Handbook (OOH) content xlsx')
    ep = "\n".join([
        ep_header,
        "Data scientists,15-2051,Line item,245.9,328.3,0.1,0.2,82.4,33.5,3.9,23.4,112590,Bachelor's degree,None,None,x",
        "Telemarketers,41-9041,Line item,80.5,63.1,0,0,-17.4,-21.6,—,9.8,\">=$239,200\",No formal educational credential,None,Short-term on-the-job training,x",
    ]) + "\n"
    crosswalk = ("2010 SOC Code,2010 SOC Title,2018 SOC Code,2018 SOC Title\n"
                 "15-2099,Mathematical Science Occupations (#),15-2051,Data Scientists\n"
                 "15-2099,Mathematical Science Occupations (#),15-2099,\"Mathematical Science Occupations, All Other\"\n"
                 "41-9041,Telemarketers,41-9041,Telemarketers\n")
    definitions = ("SOC Group,SOC Code,SOC Title,SOC Definition\n"
                   "Detailed,15-2051,Data Scientists,Develop methods.\n"
                   "Detailed,41-9041,Telemarketers,Solicit by telephone.\n")
    aioe = ("SOC Code,Occupation Title,AIOE,Language Modeling AIOE,Image Generation AIOE\n"
            "15-2099,Mathematical Science Occupations,1.2,1.1,0.9\n"
            "41-9041,Telemarketers,1.1,1.9,-1.4\n")
    frey = ("Rank,Probability,Label,SOC code,Occupation\n"
            "300,0.5,,15-2099,Mathematical science occupations\n"
            "702,0.99,1,41-9041,Telemarketers\n")
    aei_statements = ("O*NET-SOC Code,Title,Task ID,Task,Task Type,Incumbents Responding,Date,Domain Source\n"
                      "15-2051.00,Data Scientists,23000,\"Analyze \"\"big data\"\" sets, using statistics.\",Core,30.0,08/2023,Incumbent\n"
                      "15-2051.00,Data Scientists,23001,Write reports about findings.,Supplemental,30.0,08/2023,Incumbent\n"
                      "41-9041.00,Telemarketers,99999,A retired task.,Core,,07/2010,Analyst\n")
    aei_feb = ("task_name,pct\n"
               "\"analyze \"\"big data\"\" sets, using statistics.\",60.0\n"
               "write reports about findings.,30.0\n"
               "a retired task.,10.0\n")
    aei_feb_modes = ("interaction_type,pct\ndirective,30.0\nfeedback loop,10.0\nlearning,20.0\n"
                     "none,5.0\ntask iteration,30.0\nvalidation,5.0\n")
    aei_march = ("task_name,pct\n"
                 "\"analyze \"\"big data\"\" sets, using statistics.\",50.0\n"
                 "write reports about findings.,20.0\n"
                 "contact customers by telephone.,25.0\n"
                 "a retired task.,5.0\n")
    aei_march_modes = ("task_name,feedback_loop,directive,task_iteration,validation,learning,filtered\n"
                       "\"analyze \"\"big data\"\" sets, using statistics.\",0.1,0.5,0.2,0.0,0.1,0.1\n"
                       "write reports about findings.,0.1,0.1,0.1,0.1,0.0,0.6\n"
                       "contact customers by telephone.,0.0,0.0,0.0,0.0,0.8,0.2\n"
                       "a retired task.,0.0,0.5,0.5,0.0,0.0,0.0\n")
    soc_structure = ("Major Group,Minor Group,Broad Occupation,Detailed Occupation,Detailed O*NET-SOC,"
                     "SOC or O*NET-SOC 2019 Title\n"
                     "15-0000,,,,,Computer and Mathematical Occupations\n"
                     ",15-2000,,,,Mathematical Science Occupations\n"
                     ",,,15-2051,,Data Scientists\n"
                     "41-0000,,,,,Sales and Related Occupations\n"
                     ",,,41-9041,,Telemarketers\n")
    return {
        "anthropic_economic_index": {
            "release_2025_02_10_onet_task_statements.csv": aei_statements,
            "release_2025_02_10_onet_task_mappings.csv": aei_feb,
            "release_2025_02_10_automation_vs_augmentation.csv": aei_feb_modes,
            "release_2025_03_27_task_pct_v2.csv": aei_march,
            "release_2025_03_27_automation_vs_augmentation_by_task.csv": aei_march_modes,
            "SOC_Structure.csv": soc_structure,
        },
        "gpts_are_gpts": {"full_labelset.tsv": labels, "automation_gpt4_human_labels.tsv": automation,
                          "occ_level.csv": occ_level},
        "bls": {"oews_may2025_national_by_soc.csv": oews, "bls_ep_2024_2034_table_1_2.csv": ep},
        "crosswalks": {"soc2010_to_soc2018.csv": crosswalk,
                       "soc2018_detailed_codes_definitions.csv": definitions},
        "aioe": {"aioe_lm_ig_by_occupation_soc2010.csv": aioe},
        "frey_osborne": {"frey_osborne_2013_probability_soc2010.csv": frey},
    }


def write_nem_workbook(path: Path) -> None:
    """The BLS O*NET-SOC -> NEM workbook: title rows, then the header on row 5."""
    book = Workbook()
    sheet = book.active
    sheet.title = "ONET to SOC crosswalk"
    sheet.append(["Bureau of Labor Statistics O*NET-SOC to NEM Crosswalk"])
    sheet.append(["Office of Occupational Statistics and Employment Projections"])
    sheet.append(["As of 9/6/2023"])
    sheet.append(["O*NET-SOC and NEM equivalents"])
    sheet.append(["Sort Order", "O*NET-SOC Code", "O*NET-SOC Title", "NEM Code",
                  "National Employment Matrix Occupational Title"])
    sheet.append([1, "15-2051.00", "Data Scientists", "15-2051", "Data scientists"])
    sheet.append([2, "41-9041.00", "Telemarketers", "41-9041", "Telemarketers"])
    sheet.append([3, "15-1299.00", "Computer Occupations, All Other", "15-1290",
                  "Miscellaneous computer occupations"])
    book.save(path)


def write_tiny_raw(root: Path) -> Path:
    """Write every input of the catalog build below ``root``; returns ``root``."""
    onet = root / "onet"
    onet.mkdir(parents=True)
    for name, text in onet_files().items():
        data = text.encode("utf-8")
        (onet / name).write_bytes(gzip.compress(data, mtime=0) if name.endswith(".gz") else data)
    for folder, files in other_files().items():
        (root / folder).mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (root / folder / name).write_text(text, encoding="utf-8")
    write_nem_workbook(root / "crosswalks" / "bls_nem_onet_to_soc_crosswalk.xlsx")
    return root
