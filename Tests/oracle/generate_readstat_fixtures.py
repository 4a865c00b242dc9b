#!/usr/bin/env python3
"""Writes the SPSS, Stata and SAS fixtures of Topline's survey-file reader, and
what pyreadstat reads back from each, into Tests/ToplineTests/Fixtures/readstat/.

    python3 Tests/oracle/generate_readstat_fixtures.py [OUTPUT_DIR]

Needs pyreadstat and pandas (a venv: `python3 -m venv ~/.cache/readstat-venv &&
~/.cache/readstat-venv/bin/pip install pyreadstat`). CI never runs it: its output is
committed. Files written:

- survey.sav, survey.zsav: value labels (numeric and string), SPSS user-missing
  codes (discrete values and a range, numeric and string), variable labels,
  dates, datetimes, non-ASCII text and labels, a column with labels on only some
  of its codes, system-missing values;
- survey.dta: the same in Stata's terms (integer value labels; Stata's extended
  missing values .a/.b instead of user-missing codes, one of them labelled);
- survey.xpt: SAS transport (version 8): numbers, text, variable labels, dates,
  datetimes (transport files have no value labels);
- survey.sas7bdat: written with the system's libreadstat (Debian libreadstat1,
  through ctypes: pyreadstat reads sas7bdat but does not write it), read back by
  pyreadstat;
- readstat.json: for each file, every column as pyreadstat reads it: name,
  variable label, format, value labels (code → label), user-missing codes and
  ranges, the values with user-missing codes as null and (SPSS, Stata) with them
  kept (`user_missing=True`); dates and datetimes in ISO 8601.
"""
import ctypes
import datetime as dt
import json
import math
import os
import sys

import pandas as pd
import pyreadstat

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "Tests", "ToplineTests", "Fixtures", "readstat")

ROWS = 8
IDS = list(range(1, ROWS + 1))
REGION = ["Nord", "Süd", "Öst", "Nord", "Süd", "Nord", "Öst", "Süd"]
# 1–5 agreement; 98 "Don't know" and 99 "Refused" are declared missing in SPSS.
Q1 = [4, 5, 2, 98, 4, 1, 99, 3]
Q1_LABELS = {1: "Strongly disagree", 2: "Disagree", 3: "Neither", 4: "Agree", 5: "Strongly agree",
             98: "Don't know", 99: "Refused"}
# Labels in French with accents; one code (3) nobody chose.
SAT = [1, 2, 2, 1, 4, 4, 2, 1]
SAT_LABELS = {1: "Très satisfait", 2: "Plutôt satisfait", 3: "Peu satisfait", 4: "Pas du tout satisfait"}
# Age: labels only on the special codes, and 97–99 declared missing as a range.
AGE = [34, 51, 97, 28, 99, 63, 45, 19]
AGE_LABELS = {97: "Not asked", 99: "Refused"}
INCOME = [2500.5, float("nan"), 3100.25, -9, 1800.0, 4200.75, -9, 2950.0]
GENDER = ["f", "m", "f", "x", "m", "f", "m", ""]
GENDER_LABELS = {"f": "Female", "m": "Male", "x": "Diverse"}
WEIGHT = [1.2, 0.8, 1.0, 1.5, 0.9, 1.1, 0.7, 1.3]
BORN = [dt.date(1990, 1, 31), dt.date(1973, 6, 15), dt.date(2000, 2, 29), None,
        dt.date(1961, 12, 1), dt.date(1984, 7, 4), dt.date(1999, 12, 31), dt.date(2005, 3, 9)]
INTERVIEWED = [dt.datetime(2024, 3, 1, 9, 30, 0), dt.datetime(2024, 3, 1, 14, 5, 30), dt.datetime(2024, 3, 2, 8, 0, 0),
               dt.datetime(2024, 3, 2, 23, 59, 59), None, dt.datetime(2024, 3, 3, 12, 0, 0),
               dt.datetime(2024, 3, 4, 7, 15, 0), dt.datetime(2024, 3, 4, 18, 45, 0)]
COMMENT = ["schön", "", "naïve café", "€ sign", "日本語", "plain", "tab\there", "end"]

VARIABLE_LABELS = {
    "id": "Respondent", "region": "Region (Bundesland)", "q1": "Satisfaction with the service",
    "sat": "Satisfaction générale", "age": "Age in years", "income": "Monthly net income (€)",
    "gender": "Gender", "weight": "Design weight", "born": "Date of birth",
    "interviewed": "Interview start", "comment": "Open answer",
}


def frame(columns):
    # Dates stay Python dates (a pandas datetime column would be written as a datetime,
    # whatever its format says); datetimes become pandas datetimes.
    df = pd.DataFrame({name: values for name, values in columns})
    if "interviewed" in df:
        df["interviewed"] = pd.to_datetime(df["interviewed"])
    return df


def spss(path, compress):
    df = frame([("id", IDS), ("region", REGION), ("q1", Q1), ("sat", SAT), ("age", AGE), ("income", INCOME),
                ("gender", GENDER), ("weight", WEIGHT), ("born", BORN), ("interviewed", INTERVIEWED),
                ("comment", COMMENT)])
    pyreadstat.write_sav(
        df, path, compress=compress, file_label="Topline fixture",
        column_labels=VARIABLE_LABELS,
        variable_value_labels={"q1": Q1_LABELS, "sat": SAT_LABELS, "age": AGE_LABELS, "gender": GENDER_LABELS},
        missing_ranges={"q1": [98, 99], "age": [{"lo": 97, "hi": 99}], "income": [-9], "gender": ["x"]},
        variable_format={"id": "F8.0", "q1": "F2.0", "sat": "F1.0", "age": "F3.0", "income": "F10.2",
                         "weight": "F8.2", "born": "DATE11", "interviewed": "DATETIME20"})


def stata(path):
    # Stata has no user-missing codes: the refusals are its extended missing values .a and .b.
    q1 = [v if v < 98 else {98: "a", 99: "b"}[v] for v in Q1]
    age = [v if v < 97 else "a" for v in AGE]
    income = [v if v != -9 else "a" for v in INCOME]
    df = frame([("id", IDS), ("region", REGION), ("q1", q1), ("sat", SAT), ("age", age), ("income", income),
                ("weight", WEIGHT), ("born", BORN), ("interviewed", INTERVIEWED), ("comment", COMMENT)])
    labels = {k: v for k, v in Q1_LABELS.items() if k < 98}
    pyreadstat.write_dta(
        df, path, file_label="Topline fixture", column_labels=VARIABLE_LABELS, version=15,
        variable_value_labels={"q1": labels, "sat": SAT_LABELS},
        missing_user_values={"q1": ["a", "b"], "age": ["a"], "income": ["a"]},
        variable_format={"born": "%td", "interviewed": "%tc"})


def transport(path):
    df = frame([("id", IDS), ("region", REGION), ("income", INCOME), ("weight", WEIGHT), ("born", BORN),
                ("interviewed", INTERVIEWED), ("comment", [c for c in COMMENT])])
    # Version 8 transport files hold names up to 32 bytes and long labels; text is stored as written (UTF-8 here).
    pyreadstat.write_xport(df, path, file_label="Topline fixture", column_labels=VARIABLE_LABELS,
                           table_name="SURVEY", file_format_version=8,
                           variable_format={"born": "DATE9", "interviewed": "DATETIME20", "income": "8.2"})


# ---- sas7bdat through the system libreadstat's writer (ctypes) ----

READSTAT_TYPE_STRING, READSTAT_TYPE_DOUBLE = 0, 5
DATA_WRITER = ctypes.CFUNCTYPE(ctypes.c_ssize_t, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p)


def sas7bdat(path):
    lib = ctypes.CDLL("libreadstat.so.1")
    lib.readstat_writer_init.restype = ctypes.c_void_p
    lib.readstat_add_variable.restype = ctypes.c_void_p
    lib.readstat_add_variable.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_size_t]
    lib.readstat_variable_set_label.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
    lib.readstat_variable_set_format.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
    lib.readstat_set_data_writer.argtypes = [ctypes.c_void_p, DATA_WRITER]
    lib.readstat_writer_set_file_label.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
    lib.readstat_begin_writing_sas7bdat.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_long]
    for f in ("readstat_begin_row", "readstat_end_row", "readstat_end_writing", "readstat_writer_free"):
        getattr(lib, f).argtypes = [ctypes.c_void_p]
    lib.readstat_insert_double_value.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_double]
    lib.readstat_insert_string_value.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_char_p]
    lib.readstat_insert_missing_value.argtypes = [ctypes.c_void_p, ctypes.c_void_p]

    out = open(path, "wb")

    @DATA_WRITER
    def write(data, length, ctx):
        out.write(ctypes.string_at(data, length))
        return length

    writer = lib.readstat_writer_init()
    lib.readstat_set_data_writer(writer, write)
    lib.readstat_writer_set_file_label(writer, b"Topline fixture")
    sas_epoch = dt.date(1960, 1, 1)
    columns = [
        ("id", READSTAT_TYPE_DOUBLE, 0, "BEST12", [float(i) for i in IDS]),
        ("region", READSTAT_TYPE_STRING, 16, "$16", REGION),
        ("income", READSTAT_TYPE_DOUBLE, 0, "BEST12", INCOME),
        ("born", READSTAT_TYPE_DOUBLE, 0, "DATE9", [None if d is None else float((d - sas_epoch).days) for d in BORN]),
        ("interviewed", READSTAT_TYPE_DOUBLE, 0, "DATETIME20",
         [None if t is None else (t - dt.datetime(1960, 1, 1)).total_seconds() for t in INTERVIEWED]),
    ]
    variables = []
    for name, kind, width, fmt, _ in columns:
        v = lib.readstat_add_variable(writer, name.encode(), kind, width)
        lib.readstat_variable_set_label(v, VARIABLE_LABELS[name].encode())
        lib.readstat_variable_set_format(v, fmt.encode())
        variables.append(v)
    check(lib.readstat_begin_writing_sas7bdat(writer, None, ROWS))
    for row in range(ROWS):
        check(lib.readstat_begin_row(writer))
        for v, (_, kind, _, _, values) in zip(variables, columns):
            value = values[row]
            if value is None or (isinstance(value, float) and math.isnan(value)):
                check(lib.readstat_insert_missing_value(writer, v))
            elif kind == READSTAT_TYPE_STRING:
                check(lib.readstat_insert_string_value(writer, v, value.encode()))
            else:
                check(lib.readstat_insert_double_value(writer, v, value))
        check(lib.readstat_end_row(writer))
    check(lib.readstat_end_writing(writer))
    lib.readstat_writer_free(writer)
    out.close()


def check(code):
    if code != 0:
        raise SystemExit(f"libreadstat writer error {code}")


# ---- what pyreadstat reads back ----

def plain(value):
    """A cell as JSON: ISO 8601 for dates and datetimes, null for NaN, NaT and None."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def key(code):
    return str(plain(code))


def describe(path, reader, **options):
    df, meta = reader(path, **options)
    kept = None
    missing = meta
    if reader in (pyreadstat.read_sav, pyreadstat.read_dta):
        # The user-missing codes are in the metadata of a read that keeps them.
        kept, missing = reader(path, user_missing=True, **options)
    columns = []
    for name in df.columns:
        labels = meta.variable_value_labels.get(name, {})
        column = {
            "name": name,
            "label": meta.column_names_to_labels.get(name),
            "format": meta.original_variable_types.get(name),
            "type": meta.readstat_variable_types.get(name),
            "value_labels": [[plain(code), text] for code, text in sorted(labels.items(), key=lambda kv: (str(type(kv[0])), kv[0]))],
            "missing": [
                {"lo": plain(r["lo"]), "hi": plain(r["hi"])} for r in getattr(missing, "missing_ranges", {}).get(name, [])
            ] + [{"tag": t} for t in getattr(missing, "missing_user_values", {}).get(name, [])],
            "values": [plain(v) for v in df[name]],
        }
        if kept is not None:
            column["values_with_missing"] = [plain(v) for v in kept[name]]
        columns.append(column)
    return {"rows": int(meta.number_rows if meta.number_rows is not None else len(df)), "file_label": meta.file_label,
            "columns": columns}


def main():
    os.makedirs(OUT, exist_ok=True)
    spss(os.path.join(OUT, "survey.sav"), compress=False)
    spss(os.path.join(OUT, "survey.zsav"), compress=True)
    stata(os.path.join(OUT, "survey.dta"))
    transport(os.path.join(OUT, "survey.xpt"))
    sas7bdat(os.path.join(OUT, "survey.sas7bdat"))
    files = {
        "survey.sav": pyreadstat.read_sav, "survey.zsav": pyreadstat.read_sav, "survey.dta": pyreadstat.read_dta,
        "survey.xpt": pyreadstat.read_xport, "survey.sas7bdat": pyreadstat.read_sas7bdat,
    }
    result = {"generator": "Tests/oracle/generate_readstat_fixtures.py", "pyreadstat": pyreadstat.__version__,
              "pandas": pd.__version__, "files": {}}
    for name, reader in files.items():
        result["files"][name] = describe(os.path.join(OUT, name), reader)
    with open(os.path.join(OUT, "readstat.json"), "w", encoding="utf-8") as f:
        json.dump(result, f, ensure_ascii=False, indent=1)
        f.write("\n")
    for name in files:
        print(f"{name}: {os.path.getsize(os.path.join(OUT, name))} bytes")


if __name__ == "__main__":
    main()
