"""benchmarks/server_load.py in parts: measuring, the world, the clients, the phases and the report."""
