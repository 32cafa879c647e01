"""nianbao: draft the annual 法治政府建设工作报告 from departmental workbooks."""

from nianbao.core.version import VERSION

__version__ = VERSION
