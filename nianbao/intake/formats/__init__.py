"""The file formats under the readers: real-format sniffing and limits, OOXML, ODS, XLSB, legacy CFB."""
