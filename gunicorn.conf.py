"""gunicorn's configuration for production (read from the working directory: ``.venv/bin/gunicorn`` in the
project's folder). Settings come from the environment as the Django settings do (README: 本番).

The request timeout is the backstop of issue 19 §3: every input the platform reads is checked in time linear in its
size (each 5 MB hostile shape in under 2 s, benchmarks/hostile_inputs.py), and a request still running after
``timeout`` seconds is ended and its worker replaced, so no request holds a worker for long.
"""

import multiprocessing
import os

wsgi_app = "chiiki_mirai.web.wsgi"
bind = os.environ.get("CHIIKI_MIRAI_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("CHIIKI_MIRAI_WORKERS", 2 * multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("CHIIKI_MIRAI_THREADS", 2))
timeout = int(os.environ.get("CHIIKI_MIRAI_REQUEST_TIMEOUT", 30))
graceful_timeout = 30  # a restart (HUP) lets requests in flight finish
max_requests, max_requests_jitter = 5000, 500  # workers are recycled now and then, not all at once
