-- The same predict request tfs-deploy loadtest sends in the benchmark.
wrk.method = "POST"
wrk.body = '{"instances": [[1.0]]}'
wrk.headers["Content-Type"] = "application/json"
