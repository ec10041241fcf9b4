// Stop transactions in the server (a researcher's query past its timeout: the embedded server ignores Bolt's
// transaction timeout, but terminates a transaction on request, at once). The reader may terminate its own.
// Parameters: $ids, the transactionIds from running_transactions.cypher.
TERMINATE TRANSACTIONS $ids
