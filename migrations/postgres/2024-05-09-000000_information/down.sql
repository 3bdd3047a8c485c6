DROP TABLE manuals;
DROP TABLE notices;
DROP TABLE employer_documents;
DROP TABLE collective_runs;
DROP TABLE cycles;
