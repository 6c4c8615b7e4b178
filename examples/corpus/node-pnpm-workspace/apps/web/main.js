document.body.append('ready');
