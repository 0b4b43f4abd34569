-- wrk script: POST /v1/check with the example application (benches/http/README.md).
local f = assert(io.open(os.getenv("FUNDCHECK_DOC") or "examples/application-service-stations.json", "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
