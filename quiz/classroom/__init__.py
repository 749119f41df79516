"""A class's marks and what is made of them: the gradebook, item statistics, export sheets, codes and throttling.
Pure: functions of plain records, with no Flask and no database, so every page and export figures alike."""
