# The phakhee API, for running beside Neo4j (see docker-compose.yml).
# Built in two stages: the full image has the C compiler that builds queries/analytics/_kernels.pyx into a
# wheel; the slim image installs the wheels only.
FROM python:3.11 AS build
WORKDIR /src
COPY pyproject.toml setup.py README.md ./
COPY graph ./graph
COPY api ./api
COPY loaders ./loaders
COPY queries ./queries
COPY viz ./viz
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.11-slim
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels
ENV PHAKHEE_STORE=neo4j://neo4j:7687
EXPOSE 8000
CMD ["phakhee", "serve", "--host", "0.0.0.0", "--port", "8000"]
