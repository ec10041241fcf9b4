// Schema: a uniqueness constraint on `id` for every label, and indexes on the properties people search by.
// Applied on every build; every statement is idempotent (IF NOT EXISTS). Runs unchanged on Neo4j 5 and
// ArcadeDB. GENERATED from data/model.yaml by `python -m graph.model_files --write`: edit the model.

CREATE CONSTRAINT bureau_id IF NOT EXISTS FOR (n:Bureau) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT department_id IF NOT EXISTS FOR (n:Department) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT legislator_id IF NOT EXISTS FOR (n:Legislator) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT scheme_id IF NOT EXISTS FOR (n:Scheme) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT institution_id IF NOT EXISTS FOR (n:Institution) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT company_id IF NOT EXISTS FOR (n:Company) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT question_id IF NOT EXISTS FOR (n:Question) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT programme_id IF NOT EXISTS FOR (n:Programme) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT document_id IF NOT EXISTS FOR (n:Document) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT figure_id IF NOT EXISTS FOR (n:Figure) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT build_id IF NOT EXISTS FOR (n:Build) REQUIRE n.id IS UNIQUE;

CREATE INDEX bureau_head_no IF NOT EXISTS FOR (n:Bureau) ON (n.head_no);
CREATE INDEX bureau_name IF NOT EXISTS FOR (n:Bureau) ON (n.name);
CREATE INDEX department_head_no IF NOT EXISTS FOR (n:Department) ON (n.head_no);
CREATE INDEX department_name IF NOT EXISTS FOR (n:Department) ON (n.name);
CREATE INDEX legislator_name IF NOT EXISTS FOR (n:Legislator) ON (n.name);
CREATE INDEX scheme_name IF NOT EXISTS FOR (n:Scheme) ON (n.name);
CREATE INDEX institution_name IF NOT EXISTS FOR (n:Institution) ON (n.name);
CREATE INDEX company_name IF NOT EXISTS FOR (n:Company) ON (n.name);
CREATE INDEX question_fiscal_year IF NOT EXISTS FOR (n:Question) ON (n.fiscal_year);
CREATE INDEX question_head_no IF NOT EXISTS FOR (n:Question) ON (n.head_no);
CREATE INDEX question_name IF NOT EXISTS FOR (n:Question) ON (n.name);
CREATE INDEX question_reply_no IF NOT EXISTS FOR (n:Question) ON (n.reply_no);
CREATE INDEX programme_fiscal_year IF NOT EXISTS FOR (n:Programme) ON (n.fiscal_year);
CREATE INDEX programme_head_no IF NOT EXISTS FOR (n:Programme) ON (n.head_no);
CREATE INDEX programme_name IF NOT EXISTS FOR (n:Programme) ON (n.name);
CREATE INDEX document_fiscal_year IF NOT EXISTS FOR (n:Document) ON (n.fiscal_year);
CREATE INDEX document_name IF NOT EXISTS FOR (n:Document) ON (n.name);
CREATE INDEX figure_fiscal_year IF NOT EXISTS FOR (n:Figure) ON (n.fiscal_year);
CREATE INDEX figure_name IF NOT EXISTS FOR (n:Figure) ON (n.name);
CREATE INDEX figure_reply_no IF NOT EXISTS FOR (n:Figure) ON (n.reply_no);
CREATE INDEX build_name IF NOT EXISTS FOR (n:Build) ON (n.name);
