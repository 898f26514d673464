-- CreateIndex
CREATE INDEX "CompanyChange_department_objectId_idx" ON "CompanyChange"("department", "objectId");
