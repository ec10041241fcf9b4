// Does the server answer? The cheapest query there is (Store.ping, GET /health without a supervisor).
// Parameters: none.
RETURN 1 AS ok
