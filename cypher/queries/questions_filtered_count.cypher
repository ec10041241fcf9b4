// Question: How many written questions match these filters? (The total behind a page of questions_filtered.)
// Parameters: legislator (string, default null) — as in questions_filtered; head (string, default null) — as in questions_filtered;
//   programme (string, default null) — as in questions_filtered; q (string, default null) — as in questions_filtered;
//   fiscal_year (string, default null) — as in questions_filtered
// Example: {"legislator": null, "head": "47", "programme": null, "q": null, "fiscal_year": null}
// Returns: total
// Cookbook: no — GET /questions (the total); head "47" gives 106
MATCH (q:Question)
WHERE ($legislator IS NULL OR q.asker = $legislator)
  AND ($head IS NULL OR q.head_no = $head)
  AND ($fiscal_year IS NULL OR q.fiscal_year = $fiscal_year)
  AND ($programme IS NULL OR any(p IN coalesce(q.programmes, []) WHERE p STARTS WITH '(' + $programme + ')' OR p CONTAINS $programme))
  AND ($q IS NULL OR q.question_text CONTAINS $q OR q.answer_text CONTAINS $q)
RETURN count(q) AS total
