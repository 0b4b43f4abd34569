"""schemathesis hooks for `fundcheck serve`: NDJSON bodies (POST /v1/check/batch) go on the
wire as the text they are."""
import schemathesis

schemathesis.serializer.alias("application/x-ndjson", "text/plain")
