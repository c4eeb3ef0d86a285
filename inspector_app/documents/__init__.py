"""Files made from stored records: enforcement documents as PDF (Part 3) and spreadsheet exports."""
