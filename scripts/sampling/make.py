"""Entry of the sample generator: load and check the data, write the three years, re-read and check."""

from __future__ import annotations

from office import require_soffice

from nianbao.profile.loading import load_catalogue

from .checks import check_2021, check_2022, reread_year, texts_read_back
from .data import PROFILE, YEARS, check_data, load_year, read_toml
from .writers import write_year


def main() -> int:
    """Generate the samples, re-read them and print a summary; return the exit status."""
    cat = load_catalogue(PROFILE)
    submissions = read_toml("submissions.toml")
    data = {year: load_year(year, submissions) for year in YEARS}
    for year_data in data.values():
        check_data(cat, year_data)
    if any(f.suite for d in data.values() for f in d.filings.values()):
        require_soffice()

    for year in YEARS:
        written = write_year(cat, data[year], data.get(year - 1))
        kinds = sorted({p.suffix for p in written})
        print(f"inputs/{year}: {len(written)} 个文件（{'、'.join(kinds)}）")

    checks = {year: reread_year(cat, data[year]) for year in YEARS}
    for year in YEARS:
        checks[year].problems += texts_read_back(data[year], checks[year])
    derived = check_2021(cat, data[2021], checks[2021], checks[2020])
    check_2022(cat, data[2022], checks[2022], data[2021])

    totals = checks[2021].totals()
    print(f"2021：{len(checks[2021].units)} 个单位，核对了 {len(totals)} 项合计和派生指标：")
    print("  " + "；".join(f"{c} = {v:.2f}" for c, v in derived.items()))
    print(f"2021 文字材料：{len(data[2021].texts)} 条；2022：{len(data[2022].texts)} 条")
    print(f"2022：未报送 {', '.join(data[2022].not_submitted)}；无效单元格：{checks[2022].invalid}")

    problems = [f"{y}：{p}" for y, c in checks.items() for p in c.problems]
    if problems:
        print("自检发现问题：\n  " + "\n  ".join(problems))
        return 1
    print("自检通过。")
    return 0
