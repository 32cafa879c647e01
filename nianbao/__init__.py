"""nianbao: draft the annual 法治政府建设工作报告 from departmental workbooks."""

__version__ = "0.1.0"
