// The transactions running now, with their query text: graph/readonly.py finds a researcher's query among them by
// the tag comment put in front of it, to stop it at its deadline. The reader sees its own transactions.
// Parameters: none.
SHOW TRANSACTIONS YIELD transactionId, currentQuery
