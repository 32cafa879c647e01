"""The city server's process work pool: created when missing, then given the city's deployments."""

from __future__ import annotations

from prefect.client.orchestration import get_client
from prefect.client.schemas.actions import WorkPoolCreate
from prefect.exceptions import ObjectNotFound
from prefect.settings import PREFECT_API_AUTH_STRING, PREFECT_API_URL, temporary_settings
from prefect.workers.process import ProcessWorker

from flows.serve import city_deployments
from nianbao.season.cityserver import POOL, Site


def register(site: Site) -> list[str]:
    """Create the pool `POOL` on the site's server unless it exists; apply every city deployment.

    Return the deployments' full names. Applying again updates them (their schedules included).
    """
    settings = {PREFECT_API_URL: site.where.local_api_url, PREFECT_API_AUTH_STRING: site.auth}
    with temporary_settings(settings):
        with get_client(sync_client=True) as client:
            try:
                client.read_work_pool(POOL)
            except ObjectNotFound:
                template = ProcessWorker.get_default_base_job_template()
                pool = WorkPoolCreate(name=POOL, type="process", base_job_template=template)
                client.create_work_pool(pool)
        deployments = city_deployments(site.packages)
        for deployment in deployments:
            deployment.apply(work_pool_name=POOL)
        return [f"{d.flow_name}/{d.name}" for d in deployments]
