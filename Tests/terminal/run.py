#!/usr/bin/env python3
"""Runs the terminal tests: run.py --binary PATH [--repeat N] [--jobs J] [-k NAME]."""
import argparse
import concurrent.futures
import sys
import time
import traceback

import shell_tests


def run_one(binary, test, round_):
    ctx = shell_tests.Context(binary, f"{test.__name__[5:]}-{round_}")
    start = time.monotonic()
    try:
        test(ctx)
        return test.__name__, None, time.monotonic() - start
    except Exception:
        return test.__name__, traceback.format_exc(), time.monotonic() - start
    finally:
        ctx.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("-k", dest="filter", default="")
    args = parser.parse_args()
    tests = [t for t in shell_tests.TESTS if args.filter in t.__name__]
    failures = 0
    total = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        jobs = [pool.submit(run_one, args.binary, t, r) for r in range(args.repeat) for t in tests]
        for job in jobs:
            name, error, seconds = job.result()
            total += 1
            if error:
                failures += 1
                print(f"FAIL {name} ({seconds:.2f}s)\n{error}", flush=True)
            else:
                print(f"ok   {name} ({seconds:.2f}s)", flush=True)
    print(f"{total - failures}/{total} terminal tests passed")
    print(f"terminal: {total - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
