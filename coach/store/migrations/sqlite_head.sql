-- A new SQLite history at the newest schema revision: what the migrations in versions/
-- leave in an empty file. Written by `python -m coach.docs_gen`; do not edit.

-- statement
CREATE TABLE alembic_version (
	version_num VARCHAR(32) NOT NULL, 
	CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);
-- statement
INSERT INTO "alembic_version" VALUES('0004');
-- statement
CREATE TABLE answers (
	assessment_id INTEGER NOT NULL, 
	ref VARCHAR(200) NOT NULL, 
	value JSON NOT NULL, 
	answered_at DATETIME NOT NULL, 
	CONSTRAINT pk_answers PRIMARY KEY (assessment_id, ref), 
	CONSTRAINT fk_answers_assessment_id_assessments FOREIGN KEY(assessment_id) REFERENCES assessments (id) ON DELETE CASCADE
);
-- statement
CREATE TABLE assessments (
	id INTEGER NOT NULL, 
	uid VARCHAR(32) NOT NULL, 
	person_id INTEGER NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	quarter VARCHAR(7) NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	completed_at DATETIME, 
	questionnaire_id VARCHAR(100) NOT NULL, 
	questionnaire_version VARCHAR(50) NOT NULL, 
	questionnaire_hash VARCHAR(64) NOT NULL, 
	pack_name VARCHAR(100), 
	pack_version VARCHAR(50), 
	pack_hash VARCHAR(64), 
	result JSON, 
	session JSON, 
	CONSTRAINT pk_assessments PRIMARY KEY (id), 
	CONSTRAINT uq_assessments_uid UNIQUE (uid), 
	CONSTRAINT ck_assessments_status CHECK (status IN ('draft', 'complete')), 
	CONSTRAINT fk_assessments_person_id_people FOREIGN KEY(person_id) REFERENCES people (id) ON DELETE CASCADE
);
-- statement
CREATE TABLE audit_log (
	id INTEGER NOT NULL, 
	person_id INTEGER NOT NULL, 
	reader VARCHAR(63) NOT NULL, 
	what VARCHAR(63) NOT NULL, 
	txid BIGINT NOT NULL, 
	read_at DATETIME NOT NULL, 
	CONSTRAINT pk_audit_log PRIMARY KEY (id), 
	CONSTRAINT uq_audit_log_person_id UNIQUE (person_id, reader, what, txid), 
	CONSTRAINT fk_audit_log_person_id_people FOREIGN KEY(person_id) REFERENCES people (id) ON DELETE CASCADE
);
-- statement
CREATE TABLE brag_entries (
	id INTEGER NOT NULL, 
	uid VARCHAR(32) NOT NULL, 
	person_id INTEGER NOT NULL, 
	week VARCHAR(8) NOT NULL, 
	kind VARCHAR(16) NOT NULL, 
	text TEXT NOT NULL, 
	impact_kind VARCHAR(16), 
	impact TEXT, 
	entry_date DATE NOT NULL, 
	created_at DATETIME NOT NULL, 
	CONSTRAINT pk_brag_entries PRIMARY KEY (id), 
	CONSTRAINT uq_brag_entries_uid UNIQUE (uid), 
	CONSTRAINT ck_brag_entries_kind CHECK (kind IN ('shipped', 'unblocked', 'prevented')), 
	CONSTRAINT ck_brag_entries_impact_kind CHECK (impact_kind IN ('time_saved', 'revenue', 'risk_avoided')), 
	CONSTRAINT fk_brag_entries_person_id_people FOREIGN KEY(person_id) REFERENCES people (id) ON DELETE CASCADE
);
-- statement
CREATE TABLE brag_shares (
	id INTEGER NOT NULL, 
	uid VARCHAR(32) NOT NULL, 
	person_id INTEGER NOT NULL, 
	shared_on DATE NOT NULL, 
	shared_with VARCHAR(200), 
	created_at DATETIME NOT NULL, 
	CONSTRAINT pk_brag_shares PRIMARY KEY (id), 
	CONSTRAINT uq_brag_shares_uid UNIQUE (uid), 
	CONSTRAINT fk_brag_shares_person_id_people FOREIGN KEY(person_id) REFERENCES people (id) ON DELETE CASCADE
);
-- statement
CREATE TABLE followups (
	id INTEGER NOT NULL, 
	uid VARCHAR(32) NOT NULL, 
	plan_item_id INTEGER NOT NULL, 
	assessment_id INTEGER, 
	review_id INTEGER, 
	status VARCHAR(16) NOT NULL, 
	note TEXT, 
	recorded_at DATETIME NOT NULL, 
	CONSTRAINT pk_followups PRIMARY KEY (id), 
	CONSTRAINT uq_followups_uid UNIQUE (uid), 
	CONSTRAINT ck_followups_status CHECK (status IN ('done', 'partly', 'not_started', 'dropped')), 
	CONSTRAINT fk_followups_plan_item_id_plan_items FOREIGN KEY(plan_item_id) REFERENCES plan_items (id) ON DELETE CASCADE, 
	CONSTRAINT fk_followups_assessment_id_assessments FOREIGN KEY(assessment_id) REFERENCES assessments (id) ON DELETE SET NULL, 
	CONSTRAINT fk_followups_review_id_reviews FOREIGN KEY(review_id) REFERENCES reviews (id) ON DELETE CASCADE
);
-- statement
CREATE TABLE job_tests (
	id INTEGER NOT NULL, 
	uid VARCHAR(32) NOT NULL, 
	person_id INTEGER NOT NULL, 
	job_id INTEGER NOT NULL, 
	test VARCHAR(16) NOT NULL, 
	outcome VARCHAR(16) NOT NULL, 
	note TEXT, 
	tested_on DATE NOT NULL, 
	created_at DATETIME NOT NULL, 
	CONSTRAINT pk_job_tests PRIMARY KEY (id), 
	CONSTRAINT uq_job_tests_uid UNIQUE (uid), 
	CONSTRAINT ck_job_tests_test CHECK (test IN ('stretch', 'boundary', 'problem')), 
	CONSTRAINT ck_job_tests_outcome CHECK (outcome IN ('welcomed', 'ignored', 'punished')), 
	CONSTRAINT fk_job_tests_person_id_people FOREIGN KEY(person_id) REFERENCES people (id) ON DELETE CASCADE, 
	CONSTRAINT fk_job_tests_job_id_jobs FOREIGN KEY(job_id) REFERENCES jobs (id) ON DELETE CASCADE
);
-- statement
CREATE TABLE jobs (
	id INTEGER NOT NULL, 
	uid VARCHAR(32) NOT NULL, 
	person_id INTEGER NOT NULL, 
	company VARCHAR(200), 
	started_on DATE NOT NULL, 
	created_at DATETIME NOT NULL, 
	CONSTRAINT pk_jobs PRIMARY KEY (id), 
	CONSTRAINT uq_jobs_uid UNIQUE (uid), 
	CONSTRAINT fk_jobs_person_id_people FOREIGN KEY(person_id) REFERENCES people (id) ON DELETE CASCADE
);
-- statement
CREATE TABLE people (
	id INTEGER NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	created_at DATETIME NOT NULL, 
	CONSTRAINT pk_people PRIMARY KEY (id), 
	CONSTRAINT uq_people_name UNIQUE (name)
);
-- statement
CREATE TABLE plan_items (
	id INTEGER NOT NULL, 
	uid VARCHAR(32) NOT NULL, 
	review_id INTEGER NOT NULL, 
	position INTEGER NOT NULL, 
	action_id VARCHAR(100), 
	title TEXT NOT NULL, 
	first_step TEXT, 
	owner VARCHAR(16) NOT NULL, 
	owner_name VARCHAR(200), 
	due DATE NOT NULL, 
	success_check TEXT NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	note TEXT, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	CONSTRAINT pk_plan_items PRIMARY KEY (id), 
	CONSTRAINT uq_plan_items_uid UNIQUE (uid), 
	CONSTRAINT ck_plan_items_owner CHECK (owner IN ('engineer', 'coach', 'manager', 'other')), 
	CONSTRAINT ck_plan_items_status CHECK (status IN ('done', 'partly', 'not_started', 'dropped')), 
	CONSTRAINT fk_plan_items_review_id_reviews FOREIGN KEY(review_id) REFERENCES reviews (id) ON DELETE CASCADE
);
-- statement
CREATE TABLE review_decisions (
	review_id INTEGER NOT NULL, 
	mistake VARCHAR(100) NOT NULL, 
	verdict VARCHAR(16) NOT NULL, 
	severity VARCHAR(16), 
	reason TEXT, 
	note TEXT, 
	decided_at DATETIME NOT NULL, 
	CONSTRAINT pk_review_decisions PRIMARY KEY (review_id, mistake), 
	CONSTRAINT ck_review_decisions_verdict CHECK (verdict IN ('agree', 'adjust', 'dismiss')), 
	CONSTRAINT ck_review_decisions_severity CHECK (severity IN ('low', 'medium', 'high', 'critical')), 
	CONSTRAINT fk_review_decisions_review_id_reviews FOREIGN KEY(review_id) REFERENCES reviews (id) ON DELETE CASCADE
);
-- statement
CREATE TABLE reviews (
	id INTEGER NOT NULL, 
	uid VARCHAR(32) NOT NULL, 
	assessment_id INTEGER NOT NULL, 
	coach VARCHAR(200), 
	status VARCHAR(16) NOT NULL, 
	notes TEXT, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	CONSTRAINT pk_reviews PRIMARY KEY (id), 
	CONSTRAINT uq_reviews_uid UNIQUE (uid), 
	CONSTRAINT ck_reviews_status CHECK (status IN ('open', 'closed')), 
	CONSTRAINT fk_reviews_assessment_id_assessments FOREIGN KEY(assessment_id) REFERENCES assessments (id) ON DELETE CASCADE
);
-- statement
CREATE TABLE settings (
	"key" VARCHAR(63) NOT NULL, 
	value VARCHAR(200) NOT NULL, 
	CONSTRAINT pk_settings PRIMARY KEY ("key")
);
-- statement
INSERT INTO "settings" VALUES('min_group_size','5');
-- statement
CREATE TABLE shares (
	person_id INTEGER NOT NULL, 
	coach VARCHAR(63) NOT NULL, 
	created_at DATETIME NOT NULL, 
	CONSTRAINT pk_shares PRIMARY KEY (person_id, coach), 
	CONSTRAINT fk_shares_person_id_people FOREIGN KEY(person_id) REFERENCES people (id) ON DELETE CASCADE
);
-- statement
CREATE TABLE team_members (
	person_id INTEGER NOT NULL, 
	team VARCHAR(100) NOT NULL, 
	CONSTRAINT pk_team_members PRIMARY KEY (person_id), 
	CONSTRAINT fk_team_members_person_id_people FOREIGN KEY(person_id) REFERENCES people (id) ON DELETE CASCADE
);
-- statement
CREATE INDEX ix_assessments_person_id ON assessments (person_id);
-- statement
CREATE INDEX ix_reviews_assessment_id ON reviews (assessment_id);
-- statement
CREATE INDEX ix_plan_items_review_id ON plan_items (review_id);
-- statement
CREATE INDEX ix_followups_plan_item_id ON followups (plan_item_id);
-- statement
CREATE INDEX ix_followups_assessment_id ON followups (assessment_id);
-- statement
CREATE INDEX ix_followups_review_id ON followups (review_id);
-- statement
CREATE INDEX ix_brag_entries_person_id ON brag_entries (person_id);
-- statement
CREATE INDEX ix_brag_shares_person_id ON brag_shares (person_id);
-- statement
CREATE INDEX ix_jobs_person_id ON jobs (person_id);
-- statement
CREATE INDEX ix_job_tests_person_id ON job_tests (person_id);
-- statement
CREATE INDEX ix_job_tests_job_id ON job_tests (job_id);
-- statement
CREATE INDEX ix_team_members_team ON team_members (team);
-- statement
CREATE INDEX ix_audit_log_person_id ON audit_log (person_id);
