// Question: Which written questions match these filters? One page, in reply-number order.
// Parameters: legislator (string, default null) — asker's name without the 議員 title, e.g. "陳振英";
//   head (string, default null) — budget head number, e.g. "135";
//   programme (string, default null) — programme number ("2") or a part of its name ("創新科技");
//   q (string, default null) — a phrase to find in the question or the answer, e.g. "人工智能";
//   fiscal_year (string, default null) — e.g. "2025-26";
//   skip (integer, required, 0..) — rows to skip; limit (integer, required, 0..) — rows to return
// Example: {"legislator": "陳振英", "head": null, "programme": null, "q": null, "fiscal_year": null, "skip": 0, "limit": 20}
// Returns: id, reply_no, question_no, fiscal_year, asker, head_no, head_name, programmes, excerpt
// Cookbook: no — GET /questions
MATCH (q:Question)
WHERE ($legislator IS NULL OR q.asker = $legislator)
  AND ($head IS NULL OR q.head_no = $head)
  AND ($fiscal_year IS NULL OR q.fiscal_year = $fiscal_year)
  AND ($programme IS NULL OR any(p IN coalesce(q.programmes, []) WHERE p STARTS WITH '(' + $programme + ')' OR p CONTAINS $programme))
  AND ($q IS NULL OR q.question_text CONTAINS $q OR q.answer_text CONTAINS $q)
RETURN q.id AS id, q.reply_no AS reply_no, q.question_no AS question_no, q.fiscal_year AS fiscal_year,
       q.asker AS asker, q.head_no AS head_no, q.head_name AS head_name, coalesce(q.programmes, []) AS programmes,
       substring(q.question_text, 0, 120) AS excerpt
ORDER BY fiscal_year DESC, reply_no
SKIP $skip LIMIT $limit
