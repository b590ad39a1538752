// Placeholder until the CLI commands land (same session): prints usage.
Console.Error.WriteLine("usage: weft run FILE.json | weft validate FILE.json");
return 2;
