"""Every write of the domain. Each service is atomic and records who acted and why."""
