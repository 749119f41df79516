"""What is kept in the database and the rules for changing it: learners' progress, classes and members, teacher
accounts, results released, re-scoring, and a class's records and exports read in one query."""
