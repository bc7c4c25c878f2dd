"""Strategic context of the planning documents: the tables around the plan that say why it is what it is —
permasalahan, faktor penghambat/pendorong, telaahan kebijakan, visi/misi of the Kepala Daerah, strategi and arah
kebijakan, keselarasan program, keterkaitan prioritas, tim penyusun."""
