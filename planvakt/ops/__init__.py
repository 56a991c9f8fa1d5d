"""Running the system: the local Prefect server, work pool, deployments and worker."""
