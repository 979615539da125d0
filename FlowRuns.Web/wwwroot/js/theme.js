// Remembers the light/dark choice for this browser for a year; the server reads it on the next page load.
window.flowRunsTheme = {
  remember: function (mode) {
    document.cookie = 'flowruns-theme=' + (mode === 'dark' ? 'dark' : 'light') + '; path=/; max-age=31536000; samesite=lax';
  }
};
