using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Weft.AppHost.Dashboard;

/// <summary>
/// Token protection for the whole dashboard app. <c>GET /login?t=TOKEN</c> sets an HttpOnly cookie and
/// redirects to the pages; after that the cookie (or <c>Authorization: Bearer TOKEN</c>) opens everything.
/// Unauthenticated API calls get 401, unauthenticated page loads go to the login form.
/// </summary>
internal static class DashboardAuthentication
{
    public const string CookieName = "weft_dashboard";

    public static void UseDashboardAuthentication(this WebApplication app, string token)
    {
        var expected = Encoding.UTF8.GetBytes(token);
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (request.Path.Equals("/login", StringComparison.OrdinalIgnoreCase))
            {
                await LoginAsync(context, expected);
                return;
            }
            if (Matches(request.Cookies[CookieName], expected) || Matches(BearerToken(request), expected))
            {
                await next(context);
                return;
            }
            if (request.Path.StartsWithSegments("/api"))
            {
                await Results.Problem(statusCode: 401, title: "Dashboard token required",
                    detail: "Log in at /login?t=TOKEN (the token the AppHost printed) or send Authorization: Bearer TOKEN.").ExecuteAsync(context);
                return;
            }
            context.Response.Redirect("/login");
        });
    }

    private static async Task LoginAsync(HttpContext context, byte[] expected)
    {
        var given = context.Request.Query["t"].ToString();
        if (given.Length == 0)
        {
            await WriteLoginPageAsync(context, 200, null);
            return;
        }
        if (!Matches(given, expected))
        {
            await WriteLoginPageAsync(context, 401, "That token is not the one the AppHost printed.");
            return;
        }
        context.Response.Cookies.Append(CookieName, given, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Path = "/",
            IsEssential = true,
        });
        context.Response.Redirect("/");
    }

    private static async Task WriteLoginPageAsync(HttpContext context, int status, string? error)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        var message = error is null ? "" : $"<p class=\"error\" data-testid=\"login-error\">{System.Net.WebUtility.HtmlEncode(error)}</p>";
        await context.Response.WriteAsync($$"""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Weft dashboard — log in</title>
            <style>body{font:15px system-ui,sans-serif;background:#0f1720;color:#e6edf3;display:grid;place-items:center;height:100vh;margin:0}
            form{background:#17212b;padding:2rem;border-radius:8px;display:grid;gap:.8rem;min-width:22rem}
            input,button{font:inherit;padding:.5rem;border-radius:4px;border:1px solid #34414e;background:#0f1720;color:inherit}
            button{background:#2f81f7;border:0;cursor:pointer}.error{color:#ff7b72}</style></head>
            <body><form method="get" action="/login"><h1>Weft dashboard</h1>
            <label for="t">Token printed by the AppHost at start-up</label>
            <input id="t" name="t" type="password" autocomplete="off" data-testid="login-token" autofocus>
            <button type="submit" data-testid="login-submit">Log in</button>{{message}}</form></body></html>
            """);
    }

    private static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    private static bool Matches(string? given, byte[] expected) =>
        given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), expected);
}
