declare module '@nlpjs/core';
declare module '@nlpjs/nlp';
declare module '@nlpjs/lang-en-min';
