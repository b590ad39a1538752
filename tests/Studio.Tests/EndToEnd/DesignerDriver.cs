using Microsoft.Playwright;

namespace Weft.Studio.Tests.EndToEnd;

/// <summary>How the tests use the designer with the mouse, as a person would: drag from the palette, drag handle to handle.</summary>
public sealed class DesignerDriver(IPage page)
{
    public ILocator Node(string id) => page.GetByTestId($"node-{id}");

    /// <summary>Drags an activity from the palette and drops it at (x, y) inside the canvas.</summary>
    public async Task DropAsync(string type, float x, float y)
    {
        await page.GetByTestId($"palette-{type}").DragToAsync(page.GetByTestId("canvas"), new LocatorDragToOptions
        {
            TargetPosition = new TargetPosition { X = x, Y = y },
        });
    }

    /// <summary>Draws an edge by dragging from a node's port handle to another node's input handle.</summary>
    public async Task ConnectAsync(string source, string port, string target)
    {
        var from = await Box(page.GetByTestId($"handle-{source}-{port}"));
        var to = await Box(page.GetByTestId($"handle-{target}-in"));
        await page.Mouse.MoveAsync(from.X + from.Width / 2, from.Y + from.Height / 2);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(to.X + to.Width / 2, to.Y + to.Height / 2, new MouseMoveOptions { Steps = 8 });
        await page.Mouse.UpAsync();
    }

    /// <summary>
    /// Auto-layout, then waits until the nodes stand in one row and the viewport has not moved for two frames, so the
    /// handles the next drag aims at stay where they were measured.
    /// </summary>
    public async Task AutoLayoutInOneRowAsync(int nodeCount)
    {
        await page.GetByTestId("auto-layout").ClickAsync();
        await page.WaitForFunctionAsync("""
            count => new Promise(done => {
              const state = () => {
                const ys = [...document.querySelectorAll('.react-flow__node')].map(n => Math.round(n.getBoundingClientRect().y));
                return ys.length === count && new Set(ys).size === 1 ? document.querySelector('.react-flow__viewport').style.transform : null;
              };
              const before = state();
              requestAnimationFrame(() => requestAnimationFrame(() => done(before !== null && state() === before)));
            })
            """, nodeCount);
    }


    public async Task SelectAsync(string id)
    {
        await Node(id).Locator(".node-id").ClickAsync();
        await Assertions.Expect(page.GetByTestId("node-id")).ToHaveValueAsync(id);
    }

    private static async Task<LocatorBoundingBoxResult> Box(ILocator locator) =>
        await locator.BoundingBoxAsync() ?? throw new InvalidOperationException($"{locator} is not visible");
}
