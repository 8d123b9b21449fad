# The phakhee API, for running beside Neo4j (see docker-compose.yml).
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY graph ./graph
COPY api ./api
COPY loaders ./loaders
COPY queries ./queries
COPY viz ./viz
RUN pip install --no-cache-dir .
ENV PHAKHEE_STORE=neo4j://neo4j:7687
EXPOSE 8000
CMD ["phakhee", "serve", "--host", "0.0.0.0", "--port", "8000"]
