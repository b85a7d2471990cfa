using MudBlazor;

namespace Dashboard.Web.Components.Support;

/// <summary>One line to ask before an action that cannot be undone.</summary>
public static class ConfirmDialogExtensions
{
    /// <summary>True when the user confirmed; false when they kept it (button, Escape or a click outside).</summary>
    public static async Task<bool> ConfirmAsync(this IDialogService dialogs, string title, string text, string yes)
    {
        var parameters = new DialogParameters<ConfirmDialog>
        {
            { d => d.Title, title },
            { d => d.Text, text },
            { d => d.Yes, yes },
        };
        var dialog = await dialogs.ShowAsync<ConfirmDialog>(title, parameters, new DialogOptions { CloseOnEscapeKey = true, MaxWidth = MaxWidth.ExtraSmall });
        var result = await dialog.Result;
        return result is { Canceled: false };
    }
}
