"""What every stage may use: the input error, the output writer, user files, packaged resources, the cache."""
