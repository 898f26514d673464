-- Company search by trigram indexes (see the Company and ProductionUnit models).
-- pg_trgm is a trusted extension (a database owner may create it) and PGlite ships it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateIndex
CREATE INDEX "Company_name_trgm_idx" ON "Company" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Company_industryText_trgm_idx" ON "Company" USING GIN ("industryText" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Company_cvr_trgm_idx" ON "Company" USING GIN ("cvr" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Company_industryCode_trgm_idx" ON "Company" USING GIN ("industryCode" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "ProductionUnit_pNumber_trgm_idx" ON "ProductionUnit" USING GIN ("pNumber" gin_trgm_ops);
