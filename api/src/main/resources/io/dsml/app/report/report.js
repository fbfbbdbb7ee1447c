// Fills the thumbnails from the shared table (each picture is stored once) and, once the page has
// loaded, writes what it sees into #dsml-report-status, which the browser test reads.
(function () {
  var table = JSON.parse(document.getElementById('dsml-thumbnails').textContent);
  document.querySelectorAll('img[data-t]').forEach(function (img) {
    img.src = table[Number(img.getAttribute('data-t'))];
  });
  function nonBlank(img) {
    if (!img.complete || img.naturalWidth === 0) return false;
    var canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    var g = canvas.getContext('2d');
    g.drawImage(img, 0, 0);
    var d = g.getImageData(0, 0, canvas.width, canvas.height).data;
    var lo = 765, hi = 0;
    for (var i = 0; i < d.length; i += 4) {
      var v = d[i] + d[i + 1] + d[i + 2];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    return hi - lo > 24;
  }
  function count(list, test) {
    var n = 0;
    list.forEach(function (x) { if (test(x)) n++; });
    return n;
  }
  window.addEventListener('load', function () {
    var thumbs = Array.prototype.slice.call(document.querySelectorAll('img.thumb'));
    var plots = Array.prototype.slice.call(document.querySelectorAll('img.plot'));
    var loaded = function (img) { return img.complete && img.naturalWidth > 0; };
    var status = {
      resultRows: document.querySelectorAll('table.results tbody tr').length,
      cells: document.querySelectorAll('section.cell').length,
      thumbnails: thumbs.length,
      thumbnailsLoaded: count(thumbs, loaded),
      thumbnailsNonBlank: count(thumbs, nonBlank),
      correctFrames: document.querySelectorAll('figure.hit-ok').length,
      wrongFrames: document.querySelectorAll('figure.hit-wrong').length,
      plots: plots.length,
      plotsLoaded: count(plots, loaded),
      plotsNonBlank: count(plots, nonBlank),
      confusionMatrices: document.querySelectorAll('table.confusion').length,
      concentrationTables: document.querySelectorAll('table.concentration').length
    };
    var out = document.getElementById('dsml-report-status');
    out.textContent = JSON.stringify(status);
    out.setAttribute('data-ready', 'true');
  });
})();
