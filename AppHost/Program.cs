// The AppHost's composition is written by the AppHost work (issue 7); this file only lets the project build.
Console.WriteLine("Weft AppHost: not composed yet.");
