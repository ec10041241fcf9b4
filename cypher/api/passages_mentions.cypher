// Which entities each question and document mentions, and how it writes their names (MENTIONS.surfaces): the
// passage index (graph/passages.py) links a passage to the entities whose name is in it.
MATCH (source)-[m:MENTIONS]->(entity)
RETURN source.id AS source, entity.id AS id, labels(entity) AS labels, entity.name AS name,
       entity.name_en AS name_en, coalesce(m.surfaces, []) AS surfaces
