// Question: Which departments and offices belong to a bureau, and how much do the replies deal with each?
// Parameters: bureau_id (string, required) — e.g. "bureau:itib"
// Example: {"bureau_id": "bureau:itib"}
// Returns: department_id, department, department_en, head_no, questions_addressed, questions_mentioning, schemes_administered
// Cookbook: yes
// Notes: questions_addressed counts the questions filed under the department's own budget head (ADDRESSED_TO),
//   questions_mentioning those whose question or answer names it.
MATCH (d:Department)-[:PART_OF]->(b:Bureau {id: $bureau_id})
RETURN d.id AS department_id, d.name AS department, d.name_en AS department_en, d.head_no AS head_no,
       COUNT { (:Question)-[:ADDRESSED_TO]->(d) } AS questions_addressed,
       COUNT { (:Question)-[:MENTIONS]->(d) } AS questions_mentioning,
       COUNT { (d)-[:ADMINISTERS]->(:Scheme) } AS schemes_administered
ORDER BY questions_addressed DESC, questions_mentioning DESC, department_id
